"""gunicorn settings for production and for the load benchmark (`gunicorn empowerment.wsgi -c gunicorn.conf.py`).

Every value can be changed by environment variable, so a deployment tunes it without editing this file.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each request holds one worker while it talks to PostgreSQL; twice the cores plus one
# keeps the cores busy while some workers wait on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Restart each worker now and then, so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# No access log by default: request lines carry URLs with record ids; the app logs what it needs.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
# The request id (core/logs.py) ties a request line to the app's own lines; %(D)s is microseconds.
access_log_format = os.environ.get(
    "GUNICORN_ACCESS_LOG_FORMAT", '%(h)s %(t)s "%(m)s %(U)s" %(s)s request_id=%({x-request-id}o)s %(D)s'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


# Prometheus (empowerment/metrics.py): with PROMETHEUS_MULTIPROC_DIR set (an empty folder only gunicorn writes), each
# worker writes its request and database metrics there and a scrape of any worker adds up the whole server's.
def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:  # what the last run left counts no more
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            if name.endswith(".db"):
                os.remove(os.path.join(folder, name))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
