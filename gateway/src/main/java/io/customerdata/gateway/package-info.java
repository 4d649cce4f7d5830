@NullMarked
package io.customerdata.gateway;

import org.jspecify.annotations.NullMarked;
