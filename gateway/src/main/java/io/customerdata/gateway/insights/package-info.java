/**
 * Insights into what departments share and need (docs/insights.md): the sharing matrix,
 * unmet demand, unused grants and the access request funnel, from daily roll-ups of the
 * audit trail; a console page, CSV exports and Prometheus gauges.
 */
@NullMarked
package io.customerdata.gateway.insights;

import org.jspecify.annotations.NullMarked;
