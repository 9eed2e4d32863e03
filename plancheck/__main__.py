from plancheck.cli import main

raise SystemExit(main())
