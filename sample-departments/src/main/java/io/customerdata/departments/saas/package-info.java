/**
 * What the SaaS dialect shares across the imitated vendors: the OAuth tokens it issues
 * and the request quota it enforces.
 */
@NullMarked
package io.customerdata.departments.saas;

import org.jspecify.annotations.NullMarked;
