import logging

EXPECTED_REFUSALS = {403, 404}


class ExpectedRefusalsAreInfo(logging.Filter):
    """A 403 or 404 is the site working as meant: one INFO line, without the traceback.

    Django logs a refused permission as a WARNING with the exception's traceback; a log full of
    those hides the warnings that matter.
    """

    def filter(self, record):
        if getattr(record, "status_code", None) in EXPECTED_REFUSALS:
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.exc_info = record.exc_text = None
        return True
