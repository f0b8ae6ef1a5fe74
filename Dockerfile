# Build: docker build -t cms .   Run: see compose.yaml.

FROM rust:1.95-bookworm AS builder
WORKDIR /src
COPY . .
# Templates and assets are compiled into the binary, so it is all we ship.
RUN cargo build --release --locked -p server

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --user-group --home-dir /var/lib/cms --shell /usr/sbin/nologin cms \
    && install -d -o cms -g cms -m 0750 /var/lib/cms
COPY --from=builder /src/target/release/cms /usr/local/bin/cms
# The default DATABASE_URL (sqlite://data/cms.sqlite) is relative to this folder.
WORKDIR /var/lib/cms
USER cms
EXPOSE 3000
ENV CMS_BIND=0.0.0.0:3000
ENTRYPOINT ["cms"]
CMD ["serve"]
