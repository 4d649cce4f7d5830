/**
 * Policy administration for security officers: versions stored in the database and never
 * overwritten, four-eyes approval, publication to every replica, simulation and impact.
 */
@NullMarked
package io.customerdata.gateway.policyadmin;

import org.jspecify.annotations.NullMarked;
