/** Registers every kernel family of core-gpu (importing a family registers it). */
import "./elementwise/index.ts";
import "./softmax/index.ts";
