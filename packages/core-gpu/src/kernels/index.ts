/** Registers every kernel family of core-gpu (importing a family registers it). */
import "./elementwise/index.ts";
import "./softmax/index.ts";
import "./matmul/index.ts";
import "./reduce/index.ts";
import "./columns/index.ts";
import "./embedding/index.ts";
import "./optim/index.ts";
