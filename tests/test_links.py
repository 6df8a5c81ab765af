"""`link()` (empowerment/links.py) gives exactly what reverse() gives, for every id it is handed."""

import uuid

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from empowerment.links import link


@pytest.mark.parametrize(
    ("name", "count"),
    [("portal:journal", 0), ("clients:overview", 1), ("disclosure:detail", 2), ("peers:referral_detail", 2)],
)
def test_a_link_is_what_reverse_gives(name, count):
    for _ in range(3):  # the first call reverses the name; the later ones fill in the cached pieces
        ids = [uuid.uuid4() for _ in range(count)]
        assert link(name, *ids) == reverse(name, args=ids)
        assert link(name, *map(str, ids)) == reverse(name, args=ids)


def test_ids_that_look_like_the_stand_ins_are_put_in_their_own_places():
    first, second = uuid.UUID(int=2), uuid.UUID(int=1)  # the second and first stand-ins, swapped
    assert link("disclosure:detail", first, second) == reverse("disclosure:detail", args=[first, second])


def test_an_argument_that_is_not_an_id_goes_to_reverse():
    with pytest.raises(NoReverseMatch):
        link("clients:overview", "not-an-id")


def test_the_script_prefix_is_part_of_the_link():
    """Served under a path (a proxy's SCRIPT_NAME), links carry it; the cache is kept per prefix."""
    client_id = uuid.uuid4()
    set_script_prefix("/planner/")
    try:
        assert link("clients:overview", client_id) == f"/planner/clients/{client_id}/"
    finally:
        set_script_prefix("/")
    assert link("clients:overview", client_id) == f"/clients/{client_id}/"
