@NullMarked
package io.customerdata.gateway.security;

import org.jspecify.annotations.NullMarked;
