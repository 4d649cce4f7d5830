@NullMarked
package io.customerdata.gateway.enforcement;

import org.jspecify.annotations.NullMarked;
