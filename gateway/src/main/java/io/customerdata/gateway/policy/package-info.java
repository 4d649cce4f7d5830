@NullMarked
package io.customerdata.gateway.policy;

import org.jspecify.annotations.NullMarked;
