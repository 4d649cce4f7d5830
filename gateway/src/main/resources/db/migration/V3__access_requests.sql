-- Access requests (DESIGN §10): a caller asks for fields the policy withholds; a security
-- officer approves (a personal, time-bound grant), rejects, or promotes it to a role-wide
-- draft. The row is the request and, once approved, the grant: the grant runs from
-- decided_at to grant_expires_at unless revoked_at comes first.
create table access_request (
    id                   varchar(40) primary key,
    requester_id         varchar(255) not null,
    requester            varchar(255) not null,
    requester_roles      text not null,
    requester_department varchar(100),
    requester_region     varchar(100),
    fields               text not null,
    purpose              varchar(100) not null,
    customer             varchar(300),
    justification        text not null,
    duration_seconds     bigint not null,
    status               varchar(16) not null,
    created_at           timestamp with time zone not null,
    pending_until        timestamp with time zone not null,
    first_approver       varchar(255),
    decided_at           timestamp with time zone,
    decided_by           varchar(255),
    decision_comment     text,
    grant_expires_at     timestamp with time zone,
    revoked_at           timestamp with time zone,
    revoked_by           varchar(255),
    promoted_version     bigint,
    expiry_notified      boolean default false not null
);

create index access_request_requester on access_request (requester_id, created_at);
create index access_request_status on access_request (status, pending_until);
create index access_request_grant on access_request (status, grant_expires_at);
