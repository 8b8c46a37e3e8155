-- Request counts per budget and minute, for rate limits shared by several server processes.
CREATE TABLE rate_limit_windows (
    bucket TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    request_count BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
