"""The benchmark calls the apps' services by name: a rename fails here, not as a quiet "not available"."""

import pytest

from bench import imports, similarity


@pytest.mark.django_db
def test_benchmark_import_part_runs_the_register_import_service(officer):
    officer.username = "bench-officer"
    officer.save()
    result = imports.run(rows=3, log=lambda *_: None)
    assert result["status"] == "ok", result
    assert result["created"] == 3 and result["reimport_created"] == 0


@pytest.mark.django_db
def test_benchmark_similarity_part_calls_the_app_selector():
    assert similarity.app_lookup("Pelatihan menjahit untuk ibu-ibu") == []


@pytest.mark.django_db
def test_benchmark_notification_part_calls_the_bulk_services():
    from bench import notify

    ids = notify.create_aspirations(5)
    figures = notify.in_process_queue_figures(ids)
    assert figures["transition_many_done"] == 5  # then rolled back
    from fgd.models import Aspiration
    from notifications.models import Message

    assert set(Aspiration.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"received"}
    assert not Message.objects.exists()
    lines: list[str] = []
    notify.print_table({"status": "not measured"}, log=lines.append)
    assert lines[-1] == "Notifications: not measured"
