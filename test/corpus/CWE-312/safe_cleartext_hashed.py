import hashlib
import logging

logger = logging.getLogger(__name__)


def login(username, password):
    digest = hashlib.sha256(password.encode()).hexdigest()
    logger.info("login %s digest %s", username, digest)
    logger.info("password length %d", len(password))
