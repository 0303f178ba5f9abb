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
