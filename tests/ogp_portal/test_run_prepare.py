"""`make run`'s one preparing process: what a new user reads in the console before the first page."""

import pytest
from django.core.management import call_command

from commitments.models import Commitment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STATIC_ROOT = tmp_path / "static"
    settings.EXPORTS_DIR = tmp_path / "exports"


def test_it_seeds_once_dumps_and_ends_with_the_address_and_the_accounts_without_mail_noise(
    capsys, tmp_path
):
    call_command("run_prepare", "--address", "127.0.0.1:8101")

    output = capsys.readouterr()
    printed = output.out + output.err
    assert Commitment.objects.count() > 558
    assert list((tmp_path / "exports").glob("ogp-open-data-*.zip"))
    assert "Content-Type:" not in printed and "Subject:" not in printed
    assert "succeeded in" not in printed and "No hostname" not in printed
    tail = printed[printed.index("http://127.0.0.1:8101/") :]
    assert "poc.albania" in tail and "irm.staff" in tail

    count = Commitment.objects.count()
    call_command("run_prepare", "--address", "127.0.0.1:8101")

    assert Commitment.objects.count() == count
    assert "already has members" in capsys.readouterr().out
