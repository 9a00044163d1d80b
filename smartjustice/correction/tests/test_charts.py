"""Geometry of the cockpit's SVG charts and map (pure functions)."""
import pytest

from smartjustice.correction import charts
from smartjustice.correction.templatetags.correction_charts import percent


def test_bars_are_scaled_to_the_largest_value():
    assert charts.bars([("梧桐", 4), ("凤鸣", 2), ("乌镇", 0)]) == [
        charts.Bar("梧桐", 4, 100.0), charts.Bar("凤鸣", 2, 50.0), charts.Bar("乌镇", 0, 0.0)]


def test_bars_of_nothing_are_all_empty():
    assert [bar.percent for bar in charts.bars([("a", 0), ("b", 0)])] == [0.0, 0.0]
    assert charts.bars([]) == []


def test_stacked_segments_follow_each_other_and_skip_zeros():
    rows = charts.stacked([{"confirmed": 1, "false": 2, "open": 1}, {"confirmed": 0, "false": 1, "open": 0}],
                          ["confirmed", "false", "open"])

    assert rows[0]["segments"] == [charts.Segment("confirmed", 1, 0.0, 25.0), charts.Segment("false", 2, 25.0, 50.0),
                                   charts.Segment("open", 1, 75.0, 25.0)]
    assert rows[1]["segments"] == [charts.Segment("false", 1, 0.0, 25.0)]


def test_columns_fill_the_width_and_scale_to_the_peak():
    chart = charts.columns([("d1", 0), ("d2", 2), ("d3", 4), ("d4", 1)], height=80)

    assert [(c.x, c.width, c.y, c.height) for c in chart["columns"]] == [
        (2.5, 20.0, 80.0, 0), (27.5, 20.0, 40.0, 40.0), (52.5, 20.0, 0.0, 80.0), (77.5, 20.0, 60.0, 20.0)]
    assert (chart["peak"], chart["total"]) == (4, 7)


@pytest.mark.parametrize("fraction, expected", [(0.75, ("75.0 25.0", 75.0, True)), (None, ("0.0 100.0", 0.0, False)),
                                                (1.2, ("100.0 0.0", 100.0, True))])
def test_the_ring_dash_reads_in_percent(fraction, expected):
    ring = charts.ring(fraction)

    assert (ring["dash"], ring["percent"], ring["known"]) == expected


def test_a_single_office_lands_in_the_middle():
    project = charts.projector([(30.63, 120.56)])

    assert project(30.63, 120.56) == (200.0, 150.0)


def test_the_projection_keeps_north_up_and_every_point_inside_the_padding():
    points = [(30.63, 120.56), (30.74, 120.49), (30.53, 120.43), (30.69, 120.62)]
    project = charts.projector(points)
    xy = [project(*point) for point in points]

    assert all(36 - 0.1 <= x <= 364 + 0.1 and 36 - 0.1 <= y <= 264 + 0.1 for x, y in xy)
    wuzhen, chongfu = xy[1], xy[2]
    assert wuzhen[1] < chongfu[1]  # 乌镇 is north of 崇福
    assert min(y for _x, y in xy) == 36.0 and max(y for _x, y in xy) == 264.0  # the taller side fills the box


@pytest.mark.parametrize("open_alerts, band", [(0, "calm"), (1, "watch"), (2, "watch"), (3, "alarm"), (9, "alarm")])
def test_offices_are_coloured_by_open_alerts(open_alerts, band):
    assert charts.alert_band(open_alerts) == band


def test_circle_area_grows_with_the_number_of_people():
    assert [charts.radius(n, 16) for n in (0, 1, 4, 16)] == [6, 10.0, 14.0, 22.0]


def test_a_label_at_the_east_edge_is_written_to_the_left_of_its_circle():
    offices = [{"name": "濮院司法所", "latitude": 30.69, "longitude": 120.62, "subjects": 1, "open_alerts": 0},
               {"name": "崇福司法所", "latitude": 30.53, "longitude": 120.43, "subjects": 1, "open_alerts": 0}]

    drawn = charts.office_map(offices, [], second_line=lambda row: f"{row['subjects']} 人")

    by_name = {c["name"]: c for c in drawn["circles"]}
    assert (by_name["濮院司法所"]["anchor"], by_name["崇福司法所"]["anchor"]) == ("end", "start")
    assert by_name["濮院司法所"]["figures"] == "1 人"


def test_text_width_counts_a_full_em_for_chinese():
    assert charts.text_width("梧桐司法所", 10) == 50
    assert charts.text_width("4 人", 10) == 22


@pytest.mark.parametrize("fraction, text", [(0.4286, "42.9%"), (1.0, "100.0%"), (0.0, "0.0%"), (None, "—")])
def test_rates_are_shown_in_percent(fraction, text):
    assert percent(fraction) == text
