from flask_wtf import FlaskForm
from wtforms import StringField


class ProfileForm(FlaskForm):
    nickname = StringField("nickname")

    class Meta:
        csrf = False  # expect: py/csrf-protection-disabled
