@NullMarked
package io.customerdata.departments;

import org.jspecify.annotations.NullMarked;
