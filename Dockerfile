# One image for every role of a sharded Shortlist run (docker-compose.yml): the coordinator
# (`shortlist run … --queue … --store …`) and its workers (`shortlist worker --queue …`) are the
# same CLI with different arguments. Build from the repository root: docker build -t shortlist .
# The Bun this repository is developed and benchmarked with (engines: >= 1.3.0); oven/bun publishes
# a <version>-debian tag for every release.
ARG BUN_VERSION=1.4.5
FROM oven/bun:${BUN_VERSION}-debian

WORKDIR /app
# onnxruntime-node's install script would download CUDA binaries; the CPU ones ship in the package
# (and Bun runs no dependency install scripts unless trusted anyway, see bunfig.toml).
ENV ONNXRUNTIME_NODE_INSTALL=skip

# Manifests first, so editing source does not re-run the install layer.
COPY package.json bun.lock bunfig.toml ./
COPY packages/core-gpu/package.json packages/core-gpu/
COPY packages/plugin-data/package.json packages/plugin-data/
COPY packages/plugin-gbdt/package.json packages/plugin-gbdt/
COPY packages/plugin-i2i/package.json packages/plugin-i2i/
COPY packages/plugin-itemcf/package.json packages/plugin-itemcf/
COPY packages/plugin-rank/package.json packages/plugin-rank/
COPY packages/plugin-sinks/package.json packages/plugin-sinks/
COPY packages/plugin-swing/package.json packages/plugin-swing/
COPY packages/plugin-tuner/package.json packages/plugin-tuner/
COPY packages/plugin-twotower/package.json packages/plugin-twotower/
COPY packages/plugin-widedeep/package.json packages/plugin-widedeep/
COPY packages/runner/package.json packages/runner/
RUN bun install --frozen-lockfile

COPY packages packages
COPY examples examples
COPY scripts scripts

# The store and run directories are volumes in docker-compose.yml; one default each for `docker run`.
RUN mkdir -p /store /runs
ENTRYPOINT ["bun", "packages/runner/src/cli.ts"]
CMD ["--help"]
