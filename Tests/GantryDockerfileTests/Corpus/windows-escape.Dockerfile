# escape=`

ARG WINDOWS_VERSION=ltsc2022
FROM mcr.microsoft.com/dotnet/sdk:8.0-windowsservercore-${WINDOWS_VERSION} AS build
WORKDIR C:\src
RUN mkdir C:\app\ `
    && dotnet publish -c Release -o C:\app\
RUN echo done``
FROM build AS test
RUN dotnet test

FROM mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-${WINDOWS_VERSION}
COPY --from=build C:\app C:\app
ENTRYPOINT ["C:\\app\\web.exe"]
