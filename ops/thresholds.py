"""The reference's performance thresholds, as pure functions of the readings: which
metrics are at warning or critical (``evaluate``), and which of those are news
(``crossings``): a metric is told once when it rises to warning, once when it rises to
critical, and again only after it has come back — a margin clear of its threshold, so a
reading that hovers at the line is not told every round."""

from dataclasses import dataclass

WARNING, CRITICAL, OK = "warning", "critical", "ok"
RANK = {OK: 0, WARNING: 1, CRITICAL: 2}
MARGIN = 0.05  # of the threshold: how far back a metric must come to count as back


@dataclass(frozen=True)
class Threshold:
    label: str
    unit: str
    warning: float
    critical: float
    below: bool = False  # bad when low (cache hit ratios)

    def level(self, value: float) -> str:
        for severity, limit in ((CRITICAL, self.critical), (WARNING, self.warning)):
            if (value < limit) if self.below else (value >= limit):
                return severity
        return OK

    def still(self, value: float, severity: str) -> bool:
        """Whether ``value`` is not yet clear of ``severity``'s threshold by the margin."""
        limit = self.critical if severity == CRITICAL else self.warning
        if self.below:
            return value < limit * (1 + MARGIN)
        return value >= limit * (1 - MARGIN)


# The reference's table (GPU, host, PostgreSQL); PostgreSQL connections and Redis memory
# as the issue sets them.
THRESHOLDS = {
    "gpu_temperature": Threshold("GPU temperature", "°C", 75, 85),
    "gpu_utilization": Threshold("GPU utilisation", "%", 90, 98),
    "gpu_vram": Threshold("GPU memory", "%", 90, 95),
    "host_cpu": Threshold("Host CPU", "%", 80, 95),
    "host_ram": Threshold("Host memory", "%", 85, 95),
    "host_disk": Threshold("Disk", "%", 80, 90),
    "pg_connections": Threshold("PostgreSQL connections", "% of max", 80, 95),
    "pg_cache_hit": Threshold("PostgreSQL cache hit ratio", "%", 90, 80, below=True),
    "redis_memory": Threshold("Redis memory", "MB", 100, 500),
}


def _percent(used, total) -> float | None:
    return round(100.0 * used / total, 1) if used is not None and total else None


def metrics_of(data: dict) -> dict[str, float | None]:
    """The thresholded metrics of a ``performance_update``'s data (None: not read)."""
    gpu = data.get("gpu") or {}
    host = data.get("host") or {}
    databases = data.get("databases") or {}
    pg, redis = databases.get("postgresql") or {}, databases.get("redis") or {}
    return {
        "gpu_temperature": gpu.get("temperature"),
        "gpu_utilization": gpu.get("utilization"),
        "gpu_vram": _percent(gpu.get("vram_used_gb"), gpu.get("vram_total_gb")),
        "host_cpu": host.get("cpu_percent"),
        "host_ram": _percent(host.get("ram_used_gb"), host.get("ram_total_gb")),
        "host_disk": _percent(host.get("disk_used_gb"), host.get("disk_total_gb")),
        "pg_connections": _percent(pg.get("connections_active"), pg.get("connections_max")),
        "pg_cache_hit": pg.get("cache_hit_ratio"),
        "redis_memory": redis.get("memory_mb"),
    }


def alert(metric: str, value: float, severity: str) -> dict:
    """One item of the message's ``alerts``, in the reference's form."""
    rule = THRESHOLDS[metric]
    limit = rule.critical if severity == CRITICAL else rule.warning
    way = "low" if rule.below else "high"
    return {
        "severity": severity,
        "metric": metric,
        "value": value,
        "threshold": limit,
        "message": f"{rule.label} {way}: {value:g} {rule.unit} "
        f"({severity} {'below' if rule.below else 'at'} {limit:g})",
    }


def evaluate(values: dict[str, float | None], held: dict[str, str] | None = None) -> dict:
    """Each metric's level now: ``held`` (the levels of the last round) is kept while the
    value has not come back clear of it by the margin."""
    held = held or {}
    levels = {}
    for metric, rule in THRESHOLDS.items():
        value = values.get(metric)
        if value is None:
            continue
        level = rule.level(value)
        before = held.get(metric, OK)
        if RANK[before] > RANK[level] and rule.still(value, before):
            level = before
        levels[metric] = level
    return levels


def alerts(values: dict, levels: dict[str, str]) -> list[dict]:
    return [alert(m, values[m], level) for m, level in levels.items() if level != OK]


def crossings(held: dict[str, str], levels: dict[str, str]) -> list[tuple[str, str]]:
    """(metric, severity) for each metric that rose to warning or critical this round."""
    return [
        (metric, level)
        for metric, level in levels.items()
        if RANK[level] > RANK[held.get(metric, OK)]
    ]
