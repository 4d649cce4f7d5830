@NullMarked
package io.customerdata.gateway.federation;

import org.jspecify.annotations.NullMarked;
