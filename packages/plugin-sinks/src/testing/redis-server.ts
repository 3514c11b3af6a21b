/** The throwaway redis-server lives in the runner's testing helpers (its cluster tests need it too). */
export { freePort, startRedisServer, waitForPong, type RedisServer } from "@shortlist/runner/testing";
