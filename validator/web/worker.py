"""The Celery worker for jobs, when the server runs with PPB_BROKER_URL (redis://...).

    PPB_BROKER_URL=redis://localhost:6379/0 DATABASE_URL=postgresql://... \\
        celery -A validator.web.worker worker --concurrency 2

Each job's work runs in a child process of its own, so ``--pool threads`` is enough (and
lighter); the default prefork pool works too.

It builds the application from the same settings as the server (DATABASE_URL, PPB_JOB_*),
so it reads each job's input from and writes its progress and results to the same database.
A message carries only the job's id. The worker holds the job's lease (renewed by a
heartbeat) and runs the work in a child process with the time and memory limits; a job of
an OPD that already runs its JOB_OPD_RUNNING jobs is sent again a little later.
"""
from __future__ import annotations

import os

from . import create_app, jobs

BROKER_URL = os.environ.get("PPB_BROKER_URL", "")
if not BROKER_URL:
    raise RuntimeError("PPB_BROKER_URL belum diatur (mis. redis://localhost:6379/0); pekerja "
                       "Celery memerlukannya.")

# no sweeping thread here: the prefork pool forks this process, and the server sweeps (and
# sends retries through the broker); a worker still sweeps once when it starts
flask_app = create_app({"BROKER_URL": BROKER_URL, "JOB_SWEEP_SECONDS": 0})
app = jobs.make_celery(BROKER_URL)
SETTINGS = jobs.Settings.from_config(flask_app.config)


@app.task(name=jobs.TASK_NAME, bind=True, max_retries=None)
def execute(self, job_id: str) -> str:  # noqa: ANN001
    status = jobs.execute(flask_app.extensions["ppb_db"], job_id, SETTINGS)
    if status == jobs.DEFERRED:
        # its OPD runs its quota already: other OPDs' jobs go first; this one again shortly
        raise self.retry(countdown=2)
    return status
