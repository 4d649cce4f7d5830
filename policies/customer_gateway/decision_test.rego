package customer_gateway_test

import data.customer_gateway

# Every case of the shared decision table in policies/decisions (loaded as data.decisions
# when OPA loads the policies/ directory), the contract the gateway's embedded evaluator
# passes too.
_cases := [case | some table in data.decisions; some case in table.cases]

# A case may carry personal grants: policy data published beside the document.
_passes(case) if {
	decision := customer_gateway.decision with input as case.input
		with data.customer_gateway.personal_grants as object.get(case, "personal_grants", {})
	decision.allow == case.expect.allow
	decision.reason == case.expect.reason
	_same_purpose(case.expect, decision)
	every source, fields in object.get(case.expect, "fields", {}) {
		every field, view in fields {
			decision.sources[source][field] == view
		}
	}
}

_same_purpose(expect, _) if not "purpose" in object.keys(expect)

_same_purpose(expect, decision) if expect.purpose == decision.purpose

test_allow_and_deny_as_every_decision_table_case_says if {
	count(_cases) >= 87
	failures := [case.name | some case in _cases; not _passes(case)]
	failures == []
}

_subject(role, department, region) := {"roles": [role], "department": department, "region": region}

_customer(region) := {"region": region, "restricted": false, "consents": {}}

_alice := _subject("sales-rep", "sales", "EMEA")

_carol := _subject("support-agent", "support", "EMEA")

_bob := _subject("marketing-analyst", "marketing", "AMER")

_sam := _subject("security-officer", "security", "EMEA")

test_allow_own_department_up_to_clearance if {
	decision := customer_gateway.decision with input as {"subject": _alice, "customer": _customer("EMEA")}
	decision.allow == true
	decision.purpose == "account-management"
	decision.sources.crm["sales.deals[].amount"] == "allow"
	decision.sources.crm["*"] == "allow"
}

test_deny_own_department_above_clearance if {
	decision := customer_gateway.decision with input as {"subject": _alice, "customer": _customer("EMEA")}
	decision.sources.crm["sales.credit_limit"] == "deny"
}

test_allow_grant_for_its_purpose if {
	decision := customer_gateway.decision with input as {
		"subject": _carol,
		"purpose": "support-case",
		"customer": _customer("EMEA"),
	}
	decision.sources.crm["sales.owner"] == "allow"
	decision.sources.crm["sales.annual_revenue"] == "mask:range"
	decision.sources.crm["sales.deals[].amount"] == "deny"
	decision.sources.crm["sales.notes"] == "deny"
}

test_deny_grant_for_another_purpose if {
	decision := customer_gateway.decision with input as {
		"subject": _carol,
		"purpose": "account-management",
		"customer": _customer("EMEA"),
	}
	decision.sources.crm["sales.owner"] == "deny"
}

test_allow_mask_grant_with_the_fields_masking_method if {
	decision := customer_gateway.decision with input as {"subject": _bob, "customer": _customer("EMEA")}
	decision.sources.crm["customer.emails"] == "mask:email-partial"
	decision.sources.crm["customer.phones"] == "mask:last4"
}

test_allow_prefix_masking_rule if {
	decision := customer_gateway.decision with input as {
		"subject": _bob,
		"purpose": "customer-analytics",
		"customer": _customer("EMEA"),
	}
	decision.sources.support["support.tickets[].subject"] == "mask:pseudonym"
}

test_allow_consent_bound_grant_with_consent if {
	decision := customer_gateway.decision with input as {
		"subject": _alice,
		"purpose": "sales-followup",
		"customer": {"region": "EMEA", "restricted": false, "consents": {"sales-followup": true}},
	}
	decision.sources.marketing["marketing.campaigns"] == "allow"
}

test_deny_consent_bound_grant_without_consent if {
	decision := customer_gateway.decision with input as {
		"subject": _alice,
		"purpose": "sales-followup",
		"customer": {"region": "EMEA", "restricted": false, "consents": {"sales-followup": false}},
	}
	decision.allow == true
	decision.sources.marketing["marketing.campaigns"] == "deny"
}

test_deny_out_of_region if {
	decision := customer_gateway.decision with input as {"subject": _carol, "customer": _customer("APAC")}
	decision == {
		"allow": false,
		"reason": "out-of-region",
		"policy_version": data.customer_gateway.policy.version,
		"purpose": "support-case",
		"sources": {},
	}
}

test_deny_restricted_customer if {
	decision := customer_gateway.decision with input as {
		"subject": _alice,
		"customer": {"region": "EMEA", "restricted": true, "consents": {}},
	}
	decision.allow == false
	decision.reason == "restricted-customer"
}

test_deny_unknown_role if {
	decision := customer_gateway.decision with input as {
		"subject": _subject("intern", "sales", "EMEA"),
		"customer": _customer("EMEA"),
	}
	decision.reason == "unknown-role"
	not decision.purpose
}

test_deny_purpose_required if {
	decision := customer_gateway.decision with input as {"subject": _sam, "customer": _customer("EMEA")}
	decision.reason == "purpose-required"
}

test_deny_unknown_purpose if {
	decision := customer_gateway.decision with input as {
		"subject": _alice,
		"purpose": "Account-Management",
		"customer": _customer("EMEA"),
	}
	decision.reason == "unknown-purpose"
	decision.purpose == "Account-Management"
}

test_deny_invalid_input if {
	decision := customer_gateway.decision with input as {"subject": _alice}
	decision.reason == "invalid-input"
}

test_deny_no_grant_for_security_officers if {
	decision := customer_gateway.decision with input as {
		"subject": _sam,
		"purpose": "account-management",
		"customer": _customer("EMEA"),
	}
	decision.reason == "no-grant"
}

test_allow_several_roles_see_the_union if {
	decision := customer_gateway.decision with input as {
		"subject": {"roles": ["support-agent", "sales-rep"], "department": "support", "region": "EMEA"},
		"purpose": "support-case",
		"customer": _customer("APAC"),
	}
	decision.allow == true
	decision.sources.crm["sales.deals[].amount"] == "allow"
}

_carol_with_id := object.union(_carol, {"id": "carol-id"})

_amounts_for_a_day := {"ar-1": {
	"subject": "carol-id",
	"source": "crm",
	"fields": ["sales.deals[].amount"],
	"purpose": "support-case",
	"approved_at": "2026-12-01T10:00:00Z",
	"expires_at": "2026-12-02T10:00:00Z",
}}

_carol_at(now) := {
	"subject": _carol_with_id,
	"purpose": "support-case",
	"customer": _customer("EMEA"),
	"now": now,
}

test_allow_personal_grant_while_in_force if {
	decision := customer_gateway.decision with input as _carol_at("2026-12-01T12:00:00Z")
		with data.customer_gateway.personal_grants as _amounts_for_a_day
	decision.sources.crm["sales.deals[].amount"] == "allow"
	decision.sources.crm["sales.notes"] == "deny"
}

test_deny_personal_grant_at_its_expiry if {
	decision := customer_gateway.decision with input as _carol_at("2026-12-02T10:00:00Z")
		with data.customer_gateway.personal_grants as _amounts_for_a_day
	decision.sources.crm["sales.deals[].amount"] == "deny"
}

test_deny_personal_grant_of_another_subject if {
	decision := customer_gateway.decision with input as object.union(
		_carol_at("2026-12-01T12:00:00Z"),
		{"subject": object.union(_carol, {"id": "dan-id"})},
	)
		with data.customer_gateway.personal_grants as _amounts_for_a_day
	decision.sources.crm["sales.deals[].amount"] == "deny"
}
