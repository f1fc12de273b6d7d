from flask_limiter import Limiter
from flask_wtf import FlaskForm
from wtforms import StringField

limiter = Limiter()


class ProfileForm(FlaskForm):
    nickname = StringField("nickname")

    class Meta:
        csrf = True
        csrf_time_limit = 600


@limiter.exempt
def health():
    return "ok"
