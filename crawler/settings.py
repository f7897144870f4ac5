"""Scrapy defaults for crackdown (``scrapy.cfg`` points here).

``crawler.run.scrapy_settings`` starts from this module and overrides it with the
crackdown Settings (politeness, limits, log level), so these are only the fixed parts:
which components run and in which order.
"""

BOT_NAME = "crackdown"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

ROBOTSTXT_OBEY = True
USER_AGENT = "crackdown (+https://github.com/crackdown-project/crackdown)"
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
RETRY_ENABLED = True
RETRY_TIMES = 2
# transient failures only: a 404 or 403 will not change on a second try
RETRY_HTTP_CODES = [408, 429, 500, 502, 503, 504, 522, 524]
RETRY_BACKOFF_BASE = 2.0  # seconds; doubled on each retry of the same request
RETRY_AFTER_MAX = 300.0  # a longer Retry-After gives up instead of stalling the run

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.retry.PoliteRetryMiddleware": 550,
    "crawler.conditional.ConditionalRequests": 580,  # after decompression (590) and redirects (600)
    "crawler.compression.CompleteBodies": 595,  # before decompression: a stream cut short is an error
}
REDIRECT_MAX_TIMES = 5  # a redirect loop ends quickly as one error
EXTENSIONS = {
    "crawler.archive.PageArchive": 100,
    "crawler.report.RunReport": 110,
    "crawler.logs.QuietLogs": 120,  # a robots.txt download error: one line, and only with --verbose
}
ITEM_PIPELINES = {
    "crawler.pipelines.ArticlePipeline": 300,
}
# One line per error (see crawler.logs); Scrapy's INFO with `--verbose` (crawl.log_level = "INFO").
LOG_LEVEL = "WARNING"
LOG_FORMATTER = "crawler.logs.OneLineLogFormatter"  # a dropped item is its reason, not the item's repr
RETRY_GIVE_UP_LOG_LEVEL = "INFO"  # the request's errback says it failed, in one line
DOWNLOADER = "crawler.downloader.PoliteDownloader"  # enforces CONCURRENT_REQUESTS_PER_DOMAIN without a delay

# The stats of every source go into its crawl_runs row; dumping them to the log too is noise.
STATS_DUMP = False
