# METADATA
# title: Customer Data Gateway
# description: |
#   Interprets the policy document (data.customer_gateway.policy) for one request, exactly as
#   the gateway's embedded evaluator does: the decision table in policies/decisions is the
#   contract both pass. See policies/README.md for the rules.
package customer_gateway

_policy := data.customer_gateway.policy

# Personal grants (grant id to grant), published by the gateway beside the policy.
_personal_grants := data.customer_gateway.personal_grants

# METADATA
# scope: document
# title: Decision
# description: |
#   What the subject may see of the customer for the purpose: allow, a reason, the policy
#   version, the purpose decided for, and per source the view of every classified field
#   (allow, deny or mask:<method>) plus "*" for the fields it does not classify. Anything
#   that cannot be decided is a deny.
# entrypoint: true
default decision := {"allow": false, "reason": "evaluation-error", "sources": {}}

decision := _deny("invalid-input", null) if {
	not _valid_input
} else := _deny("unknown-role", _stated_purpose) if {
	count(_known_roles) == 0
} else := _deny("purpose-required", null) if {
	not _purpose
} else := _deny("unknown-purpose", _purpose) if {
	not _purpose in object.keys(_policy.purposes)
} else := _deny(_first_refusal, _purpose) if {
	count(_admitted_roles) == 0
} else := _deny("no-grant", _purpose) if {
	not _discloses_anything
} else := {
	"allow": true,
	"reason": "granted",
	"policy_version": _policy.version,
	"purpose": _purpose,
	"sources": _sources,
}

_deny(reason, purpose) := denial if {
	purpose == null
	denial := {"allow": false, "reason": reason, "policy_version": _policy.version, "sources": {}}
} else := {"allow": false, "reason": reason, "policy_version": _policy.version, "purpose": purpose, "sources": {}}

_valid_input if {
	is_object(input.subject)
	is_array(input.subject.roles)
	is_object(input.customer)
}

_stated_purpose := object.get(input, "purpose", null)

# Roles the document does not know are ignored; the rest in name order, so that the default
# purpose and the refusal reason never depend on the order of roles in the token.
_known_roles := sort({role | some role in input.subject.roles; _policy.roles[role]})

_purpose := input.purpose if {
	input.purpose != null
} else := _default_purpose

_default_purpose := [purpose |
	some role in _known_roles
	purpose := _policy.roles[role].default_purpose
	purpose != null
][0]

_consent if input.customer.consents[_purpose] == true

_levels := {level: rank | some rank, level in _policy.levels}

_top_level := count(_policy.levels) - 1

# Row level, per role: a restricted customer needs the top clearance; a region-scoped role
# sees only customers of the subject's region.
_row_refusal(role) := "restricted-customer" if {
	input.customer.restricted == true
	_levels[_policy.roles[role].clearance] < _top_level
} else := "out-of-region" if {
	_policy.roles[role].region_scoped == true
	not _in_subject_region
}

_in_subject_region if {
	input.subject.region != null
	input.subject.region == input.customer.region
}

_admitted_roles := [role | some role in _known_roles; not _row_refusal(role)]

_first_refusal := [reason | some role in _known_roles; reason := _row_refusal(role)][0]

# Personal grants in force for this subject, customer and purpose at input.now: approved
# by then, not expired, not revoked by then. Without input.now, none is.
_now := time.parse_rfc3339_ns(input.now)

_personal := [grant |
	some grant in _personal_grants
	grant.subject == input.subject.id
	grant.purpose == _purpose
	_policy.sources[grant.source]
	_in_force(grant)
	_for_customer(grant)
]

_in_force(grant) if {
	time.parse_rfc3339_ns(grant.approved_at) <= _now
	_now < time.parse_rfc3339_ns(grant.expires_at)
	not _revoked(grant)
}

_revoked(grant) if time.parse_rfc3339_ns(grant.revoked_at) <= _now

_for_customer(grant) if not grant.customer

_for_customer(grant) if grant.customer in input.customer.ids

# A personal grant allows its fields up to the highest clearance the row-level rules admit.
_personal_clearance := max([_levels[_policy.roles[role].clearance] | some role in _admitted_roles])

_personal_allows(source_name, field, level) if {
	_levels[level] <= _personal_clearance
	some grant in _personal
	grant.source == source_name
	_covers(grant, field)
}

# Every classified field of a source, and "*" at the source's default level for the rest.
_classified(source) := object.union(source.fields, {"*": source.default_level})

_grants(role, source_name) := [grant |
	some grant in _policy.grants
	grant.source == source_name
	role in grant.roles
	_purpose in grant.purposes
	_consent_satisfied(grant)
]

_consent_satisfied(grant) if not grant.requires_consent

_consent_satisfied(_) if _consent

_covers(grant, _) if not grant.fields

_covers(grant, field) if field in grant.fields

_field_view(role, source_name, field, level) := "deny" if {
	_levels[level] > _levels[_policy.roles[role].clearance]
} else := "allow" if {
	_policy.roles[role].department == _policy.sources[source_name].department
} else := "allow" if {
	some grant in _grants(role, source_name)
	grant.effect == "allow"
	_covers(grant, field)
	_levels[level] <= _levels[grant.max_level]
} else := concat("", ["mask:", _mask_method(field)]) if {
	some grant in _grants(role, source_name)
	_covers(grant, field)
	_levels[level] <= _levels[grant.max_level]
} else := "deny"

# The masking table: the exact field, then the longest matching "prefix.*", then the default.
_mask_method(field) := method if {
	method := _policy.masking[field].method
} else := method if {
	prefixes := [prefix |
		some key, _ in _policy.masking
		endswith(key, ".*")
		prefix := trim_suffix(key, "*")
		startswith(field, prefix)
	]
	longest := max([count(prefix) | some prefix in prefixes])
	method := [rule.method |
		some prefix in prefixes
		count(prefix) == longest
		rule := _policy.masking[concat("", [prefix, "*"])]
	][0]
} else := _policy.default_masking.method

_role_views[role] := views if {
	some role in _admitted_roles
	views := {source_name: _source_view(role, source_name, source) | some source_name, source in _policy.sources}
}

_source_view(role, source_name, source) := {field: _field_view(role, source_name, field, level) |
	some field, level in _classified(source)
}

# Several roles see the union, field by field: allow beats mask beats deny; a personal
# grant in force allows.
_sources[source_name] := fields if {
	some source_name, source in _policy.sources
	fields := {field: _view(source_name, field, level) | some field, level in _classified(source)}
}

_view(source_name, field, level) := "allow" if {
	_personal_allows(source_name, field, level)
} else := _widest([_role_views[role][source_name][field] | some role in _admitted_roles])

_widest(views) := "allow" if {
	"allow" in views
} else := mask if {
	masks := [view | some view in views; startswith(view, "mask:")]
	mask := masks[0]
} else := "deny"

_discloses_anything if {
	some fields in _sources
	some view in fields
	view != "deny"
}
