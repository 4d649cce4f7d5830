@NullMarked
package io.customerdata.gateway.observability;

import org.jspecify.annotations.NullMarked;
