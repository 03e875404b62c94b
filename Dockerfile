# syntax=docker/dockerfile:1
#
# One Dockerfile, one image per service: pick it with --target.
#
#   docker build --target planner     -t uet-planner .
#   docker build --target scheduler   -t uet-scheduler .
#   docker build --target worker      -t uet-worker .
#   docker build --target integration -t uet-integration .
#   docker build --target cost        -t uet-cost .
#   docker build --target metrics     -t uet-metrics .
#   docker build --target gateway     -t uet-gateway .
#
# Each image runs `dotnet /app/Uet.<Service>.dll`, configured by the environment only (docs/deployment.md):
# UET_RABBITMQ and UET_POSTGRES must be given; UET_HEALTH_URL and UET_DATA_DIR have container defaults below.
# BuildKit builds only the stages the chosen target needs.
#
# Not built or run by us: there is no Docker engine on the team's machines (see deploy/README.md).

ARG DOTNET_VERSION=10.0

# ---- build: the sources, restored and published one service at a time -----------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
COPY . .

FROM build AS publish-planner
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish services/Planner/Uet.Planner.csproj -c Release -o /out --nologo

FROM build AS publish-scheduler
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish services/Scheduler/Uet.Scheduler.csproj -c Release -o /out --nologo

FROM build AS publish-worker
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish services/Worker/Uet.Worker.csproj -c Release -o /out --nologo

FROM build AS publish-integration
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish services/Integration/Uet.Integration.csproj -c Release -o /out --nologo

FROM build AS publish-cost
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish services/Cost/Uet.Cost.csproj -c Release -o /out --nologo

FROM build AS publish-metrics
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish services/Metrics/Uet.Metrics.csproj -c Release -o /out --nologo

FROM build AS publish-gateway
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish services/Gateway/Uet.Gateway.csproj -c Release -o /out --nologo

# ---- runtime bases ------------------------------------------------------------------------------------------------
# ASP.NET Core runtime: every service serves /health/live and /health/ready (Kestrel). curl is for the
# container health check; tini reaps the processes a service starts and forwards SIGTERM to it.
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl tini \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown "$APP_UID" /data
ENV UET_HEALTH_URL=http://0.0.0.0:8080 \
    UET_DATA_DIR=/data \
    UET_LOG=Information \
    DOTNET_NOLOGO=1
EXPOSE 8080
WORKDIR /data
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:8080/health/ready || exit 1
# The non-root user every .NET image has ($APP_UID, 1654).
USER $APP_UID

# Worker and Integration run git (worktrees, merges, pushes to the hub) and shell steps (tools, gates).
# Coding tools beyond the built-in shell and fake-agent (aider, claude, codex) go into an image derived from this one.
FROM runtime AS runtime-git
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends git openssh-client bash ca-certificates \
 && rm -rf /var/lib/apt/lists/*
USER $APP_UID
# Commits made by a service need an identity; a run's own settings take precedence.
RUN git config --global user.name "uet" && git config --global user.email "uet@localhost" \
 && git config --global --add safe.directory '*'

# ---- one target per service ---------------------------------------------------------------------------------------
FROM runtime AS planner
COPY --from=publish-planner /out /app
ENTRYPOINT ["tini", "--", "dotnet", "/app/Uet.Planner.dll"]

FROM runtime AS scheduler
COPY --from=publish-scheduler /out /app
ENV UET_LEASE_SECONDS=30
ENTRYPOINT ["tini", "--", "dotnet", "/app/Uet.Scheduler.dll"]

FROM runtime-git AS worker
COPY --from=publish-worker /out /app
# UET_WORKER_ID defaults to <hostname>-<pid>: the container's host name, unique per replica.
ENV UET_WORKER_SLOTS=1 \
    UET_DRAIN_SECONDS=600
ENTRYPOINT ["tini", "--", "dotnet", "/app/Uet.Worker.dll"]

FROM runtime-git AS integration
COPY --from=publish-integration /out /app
ENTRYPOINT ["tini", "--", "dotnet", "/app/Uet.Integration.dll"]

FROM runtime AS cost
COPY --from=publish-cost /out /app
ENTRYPOINT ["tini", "--", "dotnet", "/app/Uet.Cost.dll"]

FROM runtime AS metrics
COPY --from=publish-metrics /out /app
ENTRYPOINT ["tini", "--", "dotnet", "/app/Uet.Metrics.dll"]

FROM runtime AS gateway
COPY --from=publish-gateway /out /app
ENTRYPOINT ["tini", "--", "dotnet", "/app/Uet.Gateway.dll"]
