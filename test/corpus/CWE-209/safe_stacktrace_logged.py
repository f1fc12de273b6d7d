import logging
import traceback
from flask import Flask

app = Flask(__name__)
logger = logging.getLogger(__name__)


@app.route("/job")
def job():
    try:
        return str(1 / 0)
    except Exception:
        logger.error(traceback.format_exc())
        return "internal error", 500
