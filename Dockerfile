# KoproGo: build with the SDK, run on the slim ASP.NET runtime (Debian 12) as the image's non-root user.
# Not buildable on the project's machines (no Docker engine there); kept correct by reading.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props KoproGo.sln ./
COPY KoproGo.Domain/KoproGo.Domain.csproj KoproGo.Domain/
COPY KoproGo.Web/KoproGo.Web.csproj KoproGo.Web/
RUN dotnet restore KoproGo.Web/KoproGo.Web.csproj
COPY KoproGo.Domain/ KoproGo.Domain/
COPY KoproGo.Web/ KoproGo.Web/
COPY wwwroot/ wwwroot/
COPY migrations/ migrations/
RUN dotnet publish KoproGo.Web/KoproGo.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0-bookworm-slim AS runtime
# wkhtmltopdf turns the Razor templates into PDFs (état daté, convocations, minutes), qpdf adds the page headers
# and numbers; fonts for the four languages; curl for the health check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends wkhtmltopdf qpdf fonts-dejavu-core curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# MALLOC_ARENA_MAX=2: glibc's per-thread malloc arenas kept what they freed and the process passed 128 MB (docs/operations.md)
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    MALLOC_ARENA_MAX=2 \
    KoproGo__Documents__Path=/data/documents
# Uploaded and generated documents; mount a volume here (the image's user owns it).
RUN mkdir -p /data/documents && chown -R $APP_UID /data
VOLUME /data
# The connection string comes from the environment (ConnectionStrings__Main), never from the image.
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s CMD curl -fsS http://localhost:8080/health/ready || exit 1
USER $APP_UID
ENTRYPOINT ["dotnet", "KoproGo.Web.dll"]
