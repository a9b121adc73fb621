/** The end-to-end suite's side of the provider: a person logging in through the real flow. */
package com.bakeryia.idp.client;
