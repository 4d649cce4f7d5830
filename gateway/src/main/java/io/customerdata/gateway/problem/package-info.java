@NullMarked
package io.customerdata.gateway.problem;

import org.jspecify.annotations.NullMarked;
