# syntax=docker/dockerfile:1
# BigTechChat.Gateway — build from the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t bigtechchat/gateway:dev .
# Multi-stage: the SDK image builds, the ASP.NET Core runtime image runs (no SDK, no sources).
# No HEALTHCHECK: orchestrators probe /health (readiness) and /alive (liveness) themselves.

FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
ARG CONFIGURATION=Release
WORKDIR /src
# The whole context (trimmed by .dockerignore): service projects reference shared libraries and
# Directory.*.props / global.json at the root, so a partial copy would break as libraries are added.
COPY . .
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish BigTechChat.Gateway/BigTechChat.Gateway.csproj \
        --configuration $CONFIGURATION \
        --arch $TARGETARCH \
        --self-contained false \
        --output /app \
        -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8000
EXPOSE 8000
# The non-root user the .NET images ship (uid 1654).
USER $APP_UID
ENTRYPOINT ["dotnet", "BigTechChat.Gateway.dll"]
