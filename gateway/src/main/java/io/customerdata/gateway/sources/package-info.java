/**
 * The departments' applications as sources: their configuration and presets, the mapping
 * language from a source's records to canonical fields, the customer attributes a record
 * carries, and the connectors that look records up.
 */
@NullMarked
package io.customerdata.gateway.sources;

import org.jspecify.annotations.NullMarked;
