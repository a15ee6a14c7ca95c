"""Charts: the Danish theme and builders that turn indicator tables into altair charts."""

from toolkit.charts import theme
from toolkit.charts.builders import bar_chart, trend_chart

__all__ = ["bar_chart", "theme", "trend_chart"]
