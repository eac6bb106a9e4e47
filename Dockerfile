# family_tools served dark: the image runs run_ziti.py, which binds only to the Ziti service.
# It publishes no port on purpose: there is nothing to publish.
#
#   docker build -t family_tools .
#   docker run -d --name family_tools \
#     -v family_tools_data:/data -v /path/to/server.json:/run/ziti/server.json:ro \
#     -e SECRET_KEY=... family_tools
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATA_DIR=/data \
    ZITI_IDENTITY_FILE=/run/ziti/server.json

WORKDIR /app

# The same steps as the Makefile's install: a virtualenv in .venv, then requirements.txt.
COPY requirements.txt .
RUN python -m venv .venv \
    && .venv/bin/pip install --quiet --upgrade pip \
    && .venv/bin/pip install --quiet -r requirements.txt
ENV PATH="/app/.venv/bin:$PATH"

COPY . .
# The Makefile's install step too: libziti's double close patched (family_tools/dark/ziti_sdk.py).
RUN python -m family_tools.dark.ziti_sdk patch

RUN useradd --create-home --uid 1000 family \
    && mkdir -p /data \
    && chown family:family /data
USER family
VOLUME ["/data"]

CMD ["sh", "-c", "python manage.py migrate --noinput && exec python run_ziti.py"]
