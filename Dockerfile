# One image recipe for the service and the sample agent; `docker compose up` builds both.
# PROJECT picks the project to publish, APP its assembly name (the API by default).
ARG PROJECT=src/AgentMarketplace.Api/AgentMarketplace.Api.csproj
ARG APP=AgentMarketplace.Api

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT
WORKDIR /src
COPY . .
RUN dotnet publish "$PROJECT" -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
ARG APP
ENV APP_DLL=${APP}.dll
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 Platform__DataDirectory=/app/data
# Owned by the app user here, so a volume mounted over it starts writable (Data Protection keys).
RUN mkdir -p /app/data && chown app /app/data
EXPOSE 8080
USER app
ENTRYPOINT ["sh", "-c", "exec dotnet \"$APP_DLL\" \"$@\"", "--"]
