import logging

logger = logging.getLogger(__name__)


def record_checkin(user_id: int, latitude: float, longitude: float, phone_number: str) -> None:
    logger.info("check-in at %s", (latitude, longitude))  # expect: py/clear-text-logging-sensitive-data
    logger.debug("contact %s", phone_number)  # expect: py/clear-text-logging-sensitive-data
