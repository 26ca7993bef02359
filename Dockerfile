# syntax=docker/dockerfile:1
# The triplan command line in a slim Debian image, for cluster runs (README, "Beyond one machine").
#   docker build -t triplan .
#   docker run --rm triplan solve instances/juratri-2014
# The builder stage installs what scripts/setup installs on Debian (cmake, a C++ compiler and
# libclang for HiGHS and its bindings) and builds the release binary from Cargo.lock.
ARG RUST_VERSION=1.95
ARG DEBIAN=bookworm

FROM rust:${RUST_VERSION}-slim-${DEBIAN} AS builder
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       cmake make g++ libclang-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY benches ./benches
COPY examples ./examples
# The cache mounts keep the crates and the HiGHS build between image builds; the binary is
# copied out of the cached target directory in the same step.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin triplan \
    && install -D -m 755 target/release/triplan /out/triplan

FROM debian:${DEBIAN}-slim
# The binary needs libstdc++ (HiGHS is C++) besides libc. The MIP engines it loads at run time
# come from scripts/setup's engine part: CBC (Debian's coinor-libcbc3) and SCIP (the libscip of
# the pyscipopt wheel, fetched with pip, which is removed again), in /opt/triplan-tools.
COPY scripts/setup scripts/env.sh /tmp/setup/
ENV TRIPLAN_TOOLS=/opt/triplan-tools
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libstdc++6 \
       python3-pip \
    && TRIPLAN_SETUP_BUILD=0 bash /tmp/setup/setup \
    && apt-get purge -y python3-pip && apt-get autoremove -y \
    && rm -rf /var/lib/apt/lists/* /tmp/setup /root/.cache \
    && useradd --system --uid 10001 --home-dir /opt/triplan triplan
COPY --from=builder /out/triplan /usr/local/bin/triplan
# The plant models and instances, so that the image solves the reference plant out of the box
# (`bench --sizes S` finds instances/juratri-2014 here). The working directory belongs to the
# image's user, so that generated instances (`bench --sizes M`) and outputs can be written there.
COPY --chown=10001:10001 models /opt/triplan/models
COPY --chown=10001:10001 instances /opt/triplan/instances
WORKDIR /opt/triplan
RUN chown 10001:10001 /opt/triplan
USER 10001
ENTRYPOINT ["triplan"]
CMD ["--help"]
