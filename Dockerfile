# quotegen's image. Two targets:
#   default (the last stage): debian:bookworm-slim with a shell, for demos (`docker exec … env`)
#   minimal (`--target minimal`): FROM scratch, only the binary, the libraries it loads and the seed file
# Build with BuildKit and host networking on this machine: ../shared/docker/docker-build.sh -t quotegen .

# The image's version and source, for the OCI labels: --build-arg VERSION=1.2.3 --build-arg SOURCE=<repository URL>
ARG VERSION=dev
ARG SOURCE=unknown

FROM swift:6.3-bookworm AS build
WORKDIR /src
# Dependencies get a layer of their own, so that editing the sources does not resolve them again.
# The empty target folders only let SwiftPM read the manifest.
COPY Package.swift ./
RUN for target in quotegen QuotegenCore QuotegenFiles QuotegenJSON QuotegenRuntime QuotegenIndex QuotegenSQLite QuotegenPostgres \
            QuotegenTransfer QuotegenHTTP QuotegenServer EmbedResources; do mkdir -p "Sources/$target"; done \
    && mkdir -p Plugins/EmbedResourcesPlugin Tests/QuotegenTests Benchmarks/HummingbirdCeiling \
    && swift package resolve
COPY Plugins ./Plugins
COPY Sources ./Sources
COPY Benchmarks ./Benchmarks
COPY migrations ./migrations
COPY openapi.json openapi-quotable.json ./
COPY console ./console
# Swift's runtime and Foundation (with ICU's data) are linked in; only glibc, libstdc++ and libsqlite3 stay shared.
RUN swift build -c release --static-swift-stdlib --product quotegen \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/quotegen" /out/app/quotegen \
    && strip /out/app/quotegen
# The root file system of the minimal image: the shared libraries the binary loads, the loader, /tmp.
# Its empty /data is staged apart, so that `COPY --chown` creates the folder itself owned by 10001
# (copying into a folder that already exists would change only its contents).
RUN ldd /out/app/quotegen | grep -o '/[^ ]*' | sort -u | xargs -I{} cp --parents -L {} /out/ \
    && mkdir -p /out/tmp /data-folder/data && chmod 1777 /out/tmp

# ---------------------------------------------------------------------------------------------------------------
# The two final stages repeat their labels, environment and start-up instructions: stages on different bases
# (scratch, debian) cannot inherit them from one another. Change both together.
FROM scratch AS minimal
ARG VERSION
ARG SOURCE
LABEL org.opencontainers.image.title="quotegen" \
      org.opencontainers.image.description="A persistent quote store with an admin API (minimal image)" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}"
COPY --from=build /out/ /
COPY --from=build --chown=10001:10001 /data-folder/ /
COPY seed/quotes.txt /app/seed/quotes.txt
ENV QUOTEGEN_HOST=0.0.0.0 \
    QUOTEGEN_PORT=5000 \
    QUOTEGEN_DB=/data/quotes.sqlite \
    QUOTEGEN_SEED=/app/seed/quotes.txt
USER 10001:10001
EXPOSE 5000
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 CMD ["/app/quotegen", "healthcheck"]
ENTRYPOINT ["/app/quotegen"]
CMD ["serve"]

# ---------------------------------------------------------------------------------------------------------------
FROM debian:bookworm-slim AS runtime
ARG VERSION
ARG SOURCE
LABEL org.opencontainers.image.title="quotegen" \
      org.opencontainers.image.description="A persistent quote store with an admin API" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}"
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-0 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --gid 10001 quotegen \
    && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin quotegen \
    && install -d -o 10001 -g 10001 -m 0755 /data
# No VOLUME instruction on purpose: it would give every container an anonymous volume at /data, and the
# point of the demo is to see that data survives only in the named volume you mount there yourself.
COPY --from=build /out/app/quotegen /app/quotegen
COPY seed/quotes.txt /app/seed/quotes.txt
ENV QUOTEGEN_HOST=0.0.0.0 \
    QUOTEGEN_PORT=5000 \
    QUOTEGEN_DB=/data/quotes.sqlite \
    QUOTEGEN_SEED=/app/seed/quotes.txt
USER 10001:10001
EXPOSE 5000
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 CMD ["/app/quotegen", "healthcheck"]
ENTRYPOINT ["/app/quotegen"]
CMD ["serve"]
