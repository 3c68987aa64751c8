"""The Celery worker for jobs, when the server runs with PPB_BROKER_URL (redis://...).

    PPB_BROKER_URL=redis://localhost:6379/0 DATABASE_URL=postgresql://... \\
        celery -A validator.web.worker worker --concurrency 2

It builds the application from the same settings as the server (DATABASE_URL, ...), so it
reads each job's input from and writes its progress and results to the same database. A
message carries only the job's id.
"""
from __future__ import annotations

import os

from . import create_app, jobs

BROKER_URL = os.environ.get("PPB_BROKER_URL", "")
if not BROKER_URL:
    raise RuntimeError("PPB_BROKER_URL belum diatur (mis. redis://localhost:6379/0); pekerja "
                       "Celery memerlukannya.")

flask_app = create_app({"BROKER_URL": BROKER_URL})
app = jobs.make_celery(BROKER_URL)


@app.task(name=jobs.TASK_NAME)
def execute(job_id: str) -> str:
    return jobs.execute(flask_app.extensions["ppb_db"], job_id)
