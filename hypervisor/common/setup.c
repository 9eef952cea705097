/* placeholder */
void start_vesta(void);
void start_vesta(void) { for (;;) ; }
