"""The validation server: a thin Flask layer over the validator library.

``create_app`` builds the application; views parse the request, call the
library (validator.engine, validator.report) and the storage service, and
render. Nothing here decides what a finding is.
"""
from __future__ import annotations

from flask import Flask

from .config import default_config
from .db import Database
from .http import install_id_converter


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    app.config.update(default_config())
    if config:
        app.config.update(config)
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_ZIP_BYTES"] + 1024 * 1024
    install_id_converter(app)   # <int:...> ids beyond the INTEGER columns answer 404
    db = Database(app.config["DATABASE_URL"])
    db.start(app.config)   # migrate; a read-only database with a current schema still starts
    app.extensions["ppb_db"] = db
    from . import api, auth, pages

    app.register_blueprint(auth.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    from . import users_web   # accounts (/pengguna) and the audit log (/audit)
    app.register_blueprint(users_web.bp)
    from . import modeler   # the web modeler (/modeler)
    app.register_blueprint(modeler.bp)
    from . import diff_web   # two versions of a map compared (/laporan/<id>/beda/<other>)
    app.register_blueprint(diff_web.bp)
    from . import editions_web   # editions of the Peta Proses Bisnis (/edisi, /api/v1/edisi)
    editions_web.register(app)
    from . import plans_web   # plan review, activation and history (/rencana/...)
    app.register_blueprint(plans_web.bp)
    from . import review_web   # the review cycle: stages, comments, /antrian, /pemberitahuan
    review_web.register(app)
    from . import modeler_api; modeler_api.register(app)   # POST /api/v1/peta/cari (the Camunda Modeler plugin)  # noqa: E702,E501
    from . import rules_web   # the rule catalog's own pages (/aturan), linked from findings
    app.register_blueprint(rules_web.bp)
    from . import sets_web; app.register_blueprint(sets_web.bp)   # stored sets (/set, /api/v1/sets)  # noqa: E702,E501
    from . import maps_web   # map identity: the map pages (/peta/...) and moving a version
    app.register_blueprint(maps_web.bp)
    from . import documents_web   # documents: SOP AP, Peta Proses Bisnis (/.../dokumen, job "dokumen")
    documents_web.register(app)
    # long work (large sets, simulation): the job and simulation pages and API; importing
    # simulation registers the "simulasi" job kind before the runner starts
    from . import jobs, jobs_web, simulation

    for blueprint in (jobs_web.bp_api, jobs_web.bp_pages, simulation.bp_api, simulation.bp_pages):
        app.register_blueprint(blueprint)
    jobs.init_app(app)   # settings, the runner, the sweep at start
    return app
