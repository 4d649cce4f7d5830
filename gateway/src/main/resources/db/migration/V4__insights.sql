-- Insights (DESIGN §10), rolled up per day from the audit trail by the gateway, so that
-- the insights page reads a few thousand rows however long the trail. A day is rolled up
-- again until it is two days old (late events: a spool drained after an outage), then
-- kept.

-- What each requesting department got of each source: answers that disclosed anything,
-- and fields disclosed in clear, masked and withheld.
create table insight_sharing (
    utc_day              date not null,
    requester_department varchar(100) not null,
    source               varchar(64) not null,
    disclosures          bigint not null,
    disclosed            bigint not null,
    masked               bigint not null,
    withheld             bigint not null
);

create index insight_sharing_day on insight_sharing (utc_day);

-- Per role, purpose and source field: how often it was shown in clear, masked, withheld,
-- and how often a request was refused whole (field '*').
create table insight_field (
    utc_day   date not null,
    role      varchar(100) not null,
    purpose   varchar(100) not null,
    source    varchar(64) not null,
    field     varchar(300) not null,
    disclosed bigint not null,
    masked    bigint not null,
    withheld  bigint not null,
    denied    bigint not null
);

create index insight_field_day on insight_field (utc_day);

-- The days rolled up, and when.
create table insight_day (
    utc_day     date primary key,
    computed_at timestamp with time zone not null,
    events      bigint not null
);
