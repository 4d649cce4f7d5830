-- Policy versions, never overwritten: a draft may be edited by its author until it is
-- submitted; after that only its state moves on (submitted, approved, published, or
-- rejected). The version in force is the published one published last.
create sequence policy_version_id start with 1;

create table policy_version (
    id               bigint primary key,
    version          varchar(64) not null unique,
    state            varchar(16) not null,
    document         text not null,
    author           varchar(255) not null,
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null,
    based_on         bigint references policy_version (id),
    rolled_back_from bigint references policy_version (id),
    published_at     timestamp with time zone
);

create index policy_version_published on policy_version (published_at);

-- Who moved a version from one state to the next, when, and why.
create table policy_transition (
    version_id bigint not null references policy_version (id),
    seq        integer not null,
    from_state varchar(16),
    to_state   varchar(16) not null,
    actor      varchar(255) not null,
    at         timestamp with time zone not null,
    comment    text,
    primary key (version_id, seq)
);
