/**
 * @shortlist/plugin-sinks: writes artifacts where online serving reads them.
 *  - sink.parquet (the default, no service): parquet files in the run directory or a folder
 *  - sink.redis: recommendation and neighbour lists as JSON, feature rows as hashes, published atomically
 *  - sink.mongodb: MetaSpore's collections with a queryid index, replaced atomically
 *  - sink.milvus: item embeddings in a new collection behind an alias
 */
import { API_VERSION, definePlugin } from "@shortlist/runner";
import pkg from "../package.json" with { type: "json" };
import { milvusSink } from "./milvus/milvus-stage.ts";
import { mongoSink } from "./mongodb/mongo-stage.ts";
import { parquetSink } from "./parquet/parquet-stage.ts";
import { redisSink } from "./redis/redis-stage.ts";
import { redisWriteTask } from "./redis/write-task.ts";

export { readCurrent, READ_CURRENT_SCRIPT } from "./redis/read-current.ts";

export default definePlugin({
  name: pkg.name,
  version: pkg.version,
  apiVersion: API_VERSION,
  stages: {
    "sink.parquet": parquetSink,
    "sink.redis": redisSink,
    "sink.mongodb": mongoSink,
    "sink.milvus": milvusSink,
  },
  // sink.redis's keys by range, on the run's workers (`shortlist run --queue …`)
  tasks: { "redis-write": redisWriteTask },
});
