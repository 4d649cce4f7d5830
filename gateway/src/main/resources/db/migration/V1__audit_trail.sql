-- The audit trail: one row per event, the event itself as JSON (field names, never values),
-- plus the columns and the record links the officers' queries filter on.
create table audit_event (
    id          uuid primary key,
    occurred_at timestamp with time zone not null,
    subject     varchar(255) not null,
    purpose     varchar(100),
    action      varchar(20) not null,
    decision    varchar(10) not null,
    status      integer not null,
    event       text not null
);

create index audit_event_time on audit_event (occurred_at, id);
create index audit_event_subject on audit_event (subject, occurred_at);

-- Every customer record an event concerns, as source and the source's own id.
create table audit_event_record (
    event_id  uuid not null references audit_event (id) on delete cascade,
    source    varchar(64) not null,
    record_id varchar(255) not null,
    primary key (event_id, source, record_id)
);

create index audit_event_record_lookup on audit_event_record (source, record_id);
