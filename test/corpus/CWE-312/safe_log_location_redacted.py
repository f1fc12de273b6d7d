import logging

logger = logging.getLogger(__name__)


def record_checkin(user_id: int, latitude: float, longitude: float, email_address: str) -> None:
    logger.info("check-in by user %d", user_id)
    logger.info("notification sent to %s", email_address.split("@")[-1])
